/** When something happened, as a person says it: "just now", "5 min ago", "3 h ago", else the date. */
export function whenText(at: number, now: number): string {
  if (at <= 0) return '—';
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}
