/**
 * How the app saves a text file (Export JSON, the unreadable copy): the browser's download. Apart
 * from the file commands (commands/files.ts), whose code loads after the first paint, because the
 * editor is made with it at start.
 */
export type Downloader = (filename: string, text: string) => void;

/** Saves a text file through the browser: a Blob and a temporary link. */
export const browserDownload: Downloader = (filename, text) => {
  const blob = new Blob([text], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked late: on a busy machine the browser may start reading the blob well after the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};
