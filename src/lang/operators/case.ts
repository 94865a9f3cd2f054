import type { OperatorEntry } from '../expand-api.js';

// Exim's lc/uc use C tolower()/toupper() in the C locale: ASCII only.
export const caseOperators: OperatorEntry[] = [
  {
    name: 'lc',
    doc: '${lc:<string>}: lower-case the ASCII letters',
    run: (arg) => arg.replace(/[A-Z]+/g, (m) => m.toLowerCase()),
  },
  {
    name: 'uc',
    doc: '${uc:<string>}: upper-case the ASCII letters',
    run: (arg) => arg.replace(/[a-z]+/g, (m) => m.toUpperCase()),
  },
];
