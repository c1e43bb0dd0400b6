import type { Command } from 'commander';
import type { AppHandle } from './command-kit.js';
import { registerLogin } from './login.js';
import { registerExchangeLongLived } from './exchange-long-lived.js';
import { registerPageTokens } from './page-tokens.js';
import { registerDebugToken } from './debug-token.js';
import { registerRotate } from './rotate.js';
import { registerStatus } from './status.js';
import { registerToken } from './token.js';
import { registerRevoke } from './revoke.js';
import { registerExec } from './exec.js';
import { registerScan } from './scan.js';
import { registerLog } from './log.js';
import { registerConfig } from './config.js';
import { registerDoctor } from './doctor.js';
import { registerEmulator } from './emulator.js';
import { registerCompletion } from './completion.js';

/** The command-line contract: every command, in the order --help lists them. */
export function registerCommands(program: Command, app: AppHandle): void {
  registerLogin(program, app);
  registerExchangeLongLived(program, app);
  registerPageTokens(program, app);
  registerDebugToken(program, app);
  registerRotate(program, app);
  registerStatus(program, app);
  registerToken(program, app);
  registerRevoke(program, app);
  registerExec(program, app);
  registerScan(program, app);
  registerLog(program, app);
  registerConfig(program, app);
  registerDoctor(program, app);
  registerEmulator(program, app);
  registerCompletion(program, app);
}
