// Browser tests share this: Debian's Chromium (never a downloaded browser), launched headless with the flags
// that keep it quiet and offline. Without /usr/bin/chromium the tests skip locally (one line says how to
// install it) and fail in CI (`CI` set): see tools.mjs.
import { type Browser, chromium, type LaunchOptions } from 'playwright-core'
import { requireTool } from './tools.mjs'

export const chromiumPath = '/usr/bin/chromium'

/** Whether the browser tests of `suite` can run (prints the skip line, or throws in CI, when not). */
export function canRunChromium(suite: string): boolean {
  return requireTool('chromium', suite)
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Launches headless Debian Chromium with the repository's flags (extra `args` are added to them). */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    ...options,
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs, ...(options.args ?? [])],
  })
}
