/**
 * What the comment form tells a reader when it cannot take a comment, in the post's language (Swedish or
 * English, like the theme's words).
 */
export interface FormWords {
  nameMissing: string
  bodyMissing: string
  csrf: string
  rate: (seconds: number) => string
  tooLarge: string
  parent: string
  failed: string
  crossOrigin: string
}

const sv: FormWords = {
  nameMissing: 'Skriv ditt namn.',
  bodyMissing: 'Skriv en kommentar.',
  csrf: 'Formuläret har gått ut (eller din webbläsare skickar inga kakor). Skicka det igen.',
  rate: (seconds) =>
    `Du har skickat många kommentarer på kort tid. Vänta ${seconds} sekunder och skicka igen.`,
  tooLarge: 'Kommentaren är för lång.',
  parent: 'Kommentaren du svarar på finns inte längre. Skicka din kommentar utan att svara.',
  failed:
    'Kommentaren kunde inte sparas just nu. Din text finns kvar här nedan: skicka den igen om en stund.',
  crossOrigin:
    'Formuläret skickades från en annan webbplats och togs inte emot. Din text finns kvar här nedan: skicka den härifrån.',
}

const en: FormWords = {
  nameMissing: 'Enter your name.',
  bodyMissing: 'Write a comment.',
  csrf: 'The form has expired (or your browser sends no cookies). Please send it again.',
  rate: (seconds) => `You have sent many comments in a short time. Wait ${seconds} seconds and send again.`,
  tooLarge: 'The comment is too long.',
  parent: 'The comment you are replying to is gone. Send your comment without replying.',
  failed:
    'The comment could not be saved just now. Your text is kept below: please send it again in a moment.',
  crossOrigin:
    'The form was sent from another site and was not accepted. Your text is kept below: send it from this page.',
}

/** The form's words for a post's language (`sv…` Swedish, else English). */
export const wordsFor = (lang: string): FormWords => (lang.toLowerCase().startsWith('sv') ? sv : en)
