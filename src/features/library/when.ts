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

/** A version as the compare view names it: its name and when it was saved ("Before the sync, 6 Dec 2026, 14:05"). */
export function versionLabel(name: string, savedAt: number): string {
  if (savedAt <= 0) return name;
  const at = new Date(savedAt).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  return `${name}, ${at}`;
}
