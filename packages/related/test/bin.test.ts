import { describeCliBin } from '../../../scripts/testing/cli-bin.js'
import { runCli } from '../src/lib/cli.js'

describeCliBin('blogkit-related', runCli, new URL('../', import.meta.url))
