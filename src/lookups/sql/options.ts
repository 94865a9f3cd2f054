// Settings shared by the server-backed lookups of one registry.
export interface ServerOptions {
  /** connect and query timeout, milliseconds */
  timeoutMs: number;
  /** connections kept per server */
  poolSize: number;
}

export const defaultServerOptions: ServerOptions = { timeoutMs: 5000, poolSize: 4 };
