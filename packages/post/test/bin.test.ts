import { describeCliBin } from '../../../scripts/testing/cli-bin.js'
import { runCli } from '../src/lib/run-cli.js'

describeCliBin('blogkit-post', runCli, new URL('../', import.meta.url))
