// Browser tests share this: Debian's Chromium (never a downloaded browser), launched headless with the flags
// that keep it quiet and offline. Without /usr/bin/chromium the tests skip locally and fail in CI (`CI` set).
import { existsSync } from 'node:fs'
import { type Browser, chromium, type LaunchOptions } from 'playwright-core'

export const chromiumPath = '/usr/bin/chromium'

export const hasChromium = existsSync(chromiumPath)
if (!hasChromium && process.env.CI) {
  throw new Error(`${chromiumPath} is missing: CI must install it (\`apt-get install -y chromium\`)`)
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
