// Exim 4.96 message ids: time, pid and a fraction of a second in base 62
// ("1xXTNu-0001zH-2V"), as receive_msg() builds them.
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** microseconds per tick of the last field (id_resolution for base 62) */
const ID_RESOLUTION = 5000;

/** string_base62(): always six digits, most significant first */
export function base62(value: number): string {
  let out = '';
  let v = Math.floor(value);
  for (let i = 0; i < 6; i++) { out = BASE62[v % 62] + out; v = Math.floor(v / 62); }
  return out;
}

export function messageId(now: Date, pid: number, usec = (now.getTime() % 1000) * 1000): string {
  return `${base62(now.getTime() / 1000)}-${base62(pid)}-${base62(usec / ID_RESOLUTION).slice(4)}`;
}
