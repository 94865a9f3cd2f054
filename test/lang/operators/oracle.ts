// Runs expansion strings through our -be with spec/oracle/min.conf, the config
// the expectations were recorded with (exim -C spec/oracle/min.conf -be, Exim 4.96).
// Strings are JSON text: bytes that are not UTF-8 are \udcXX escapes (test/helpers/bytes.ts).
import { resolve } from 'node:path';
import { loadConfig } from '../../../src/config/read-main.js';
import { beLine, beSession } from '../../../src/cli/be.js';
import { fromBytes, toBytes } from '../../helpers/bytes.js';

const confFile = resolve(__dirname, '../../../spec/oracle/min.conf');

/** what exim -be prints after "> " for one line (a fresh session per line) */
export function oracleBe(line: string, conf = confFile): string {
  const session = beSession(loadConfig(conf), conf, {}, () => undefined);
  // -be would take a line starting with an upper-case letter as a macro definition
  const fed = /^[A-Z-]/.test(line) ? '\\N\\N' + line : line;
  return fromBytes(beLine(toBytes(fed), session) ?? '');
}

/** a -be session: lines share Exim's process state (for state that leaks between expansions) */
export function oracleSession(): (line: string) => string {
  const session = beSession(loadConfig(confFile), confFile, {}, () => undefined);
  return (line) => fromBytes(beLine(toBytes(/^[A-Z-]/.test(line) ? '\\N\\N' + line : line), session) ?? '');
}
