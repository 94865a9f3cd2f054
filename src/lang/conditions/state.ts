// Conditions on the delivery state: first_delivery, queue_running.
import type { ConditionEntry } from '../expand-api.js';

export const stateConditions: ConditionEntry[] = [
  {
    name: 'first_delivery',
    doc: 'first_delivery: this is the first delivery attempt for the message',
    parse: () => ({ args: [] }),
    // the context's firstDelivery flag (Exim's deliver_firsttime); false in -be
    test: (_node, ev) => ev.ctx.firstDelivery === true,
  },
  {
    name: 'queue_running',
    doc: 'queue_running: the process was started by a queue runner',
    parse: () => ({ args: [] }),
    test: (_node, ev) => ev.ctx.queueRunning === true,
  },
];
