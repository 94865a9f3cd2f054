// One-argument conditions: exists, isip, isip4, isip6.
import { ExpandError, type ConditionEntry } from '../expand-api.js';
import { readOne } from './args.js';
import { ipType } from '../util/ip.js';
import { statSync } from 'node:fs';

function ipCond(name: string, want: (t: number) => boolean, doc: string): ConditionEntry {
  return {
    name,
    doc,
    asRead: true,
    parse: (p, n) => ({ args: [readOne(p, n)] }),
    test: (node, ev) => want(ipType(ev.str(node.args[0]))),
  };
}

export const oneArgConditions: ConditionEntry[] = [
  {
    name: 'exists',
    doc: 'exists {<path>}: the file exists (stat() succeeds)',
    asRead: true,
    parse: (p, n) => ({ args: [readOne(p, n)] }),
    test(node, ev) {
      const path = ev.str(node.args[0]);
      if (ev.ctx.forbidExists === true) throw new ExpandError('File existence tests are not permitted');
      const nul = path.indexOf('\0');
      const file = Buffer.from(nul >= 0 ? path.slice(0, nul) : path, 'latin1');
      return ev.io(() => {
        try { statSync(file); return true; } catch { return false; }
      });
    },
  },
  ipCond('isip', (t) => t !== 0, 'isip {<string>}: the string is an IPv4 or IPv6 address (no mask)'),
  ipCond('isip4', (t) => t === 4, 'isip4 {<string>}: the string is an IPv4 address'),
  ipCond('isip6', (t) => t === 6, 'isip6 {<string>}: the string is an IPv6 address'),
];
