// A local SMTP server for the tests (smtp-server on 127.0.0.1, a free port): it keeps every mail it is
// sent, parsed by mailparser, and takes the user `blogkit` with the password `secret pass`.
import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface SmtpSink {
  /** `smtp://blogkit:secret%20pass@127.0.0.1:<port>` */
  url: string
  /** The mails received, oldest first. */
  mails: ParsedMail[]
  /** The mails to `address`. */
  to(address: string): ParsedMail[]
  close(): Promise<void>
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ParsedMail[] = []
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'blogkit' && auth.password === 'secret pass') callback(null, { user: 'blogkit' })
      else callback(new Error('Invalid username or password'))
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          mails.push(mail)
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.server.address() as AddressInfo
  const recipients = (mail: ParsedMail) =>
    [mail.to ?? []].flat().flatMap((to) => to.value.map((entry) => entry.address ?? ''))
  return {
    url: `smtp://blogkit:secret%20pass@127.0.0.1:${port}`,
    mails,
    to: (address) => mails.filter((mail) => recipients(mail).includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
