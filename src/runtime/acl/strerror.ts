// strerror() texts for the file errors Exim reports in ACL messages.
const TEXTS: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EMFILE: 'Too many open files',
  EIO: 'Input/output error',
};

export function strerror(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  return TEXTS[code] ?? ((e as Error).message || code);
}
