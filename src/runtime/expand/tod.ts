// $tod_* variables: Exim's tod_stamp() formats, in local time.
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** "+0100" style offset of local time from UTC */
export function zoneOffset(d: Date): string {
  const off = -d.getTimezoneOffset();
  const a = Math.abs(off);
  return `${off < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}${p2(a % 60)}`;
}

export function formatTod(kind: string, d: Date): string {
  const Y = d.getFullYear(), M = d.getMonth(), D = d.getDate();
  const h = p2(d.getHours()), m = p2(d.getMinutes()), s = p2(d.getSeconds());
  switch (kind) {
    case 'todbsdin': return `${DAYS[d.getDay()]} ${MONTHS[M]} ${String(D).padStart(2, ' ')} ${h}:${m}:${s} ${Y}`;
    case 'tode': return String(Math.floor(d.getTime() / 1000));
    case 'todel': return String(d.getTime() * 1000);
    case 'todf': return `${DAYS[d.getDay()]}, ${String(D).padStart(2, '0')} ${MONTHS[M]} ${Y} ${h}:${m}:${s} ${zoneOffset(d)}`;
    case 'todl': return `${Y}-${p2(M + 1)}-${p2(D)} ${h}:${m}:${s}`;
    case 'todlf': return `${Y}${p2(M + 1)}${p2(D)}`;
    case 'todzone': return zoneOffset(d);
    case 'todzulu': {
      const u = d;
      return `${u.getUTCFullYear()}${p2(u.getUTCMonth() + 1)}${p2(u.getUTCDate())}${p2(u.getUTCHours())}${p2(u.getUTCMinutes())}${p2(u.getUTCSeconds())}Z`;
    }
    default: return '';
  }
}
