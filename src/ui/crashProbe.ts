/**
 * A test hook for crash containment in the production build: `?crash=<panel name>` (for
 * example `?crash=Cost` or `?crash=Top%20bar`) makes that panel's error boundary throw while
 * rendering, so the end-to-end tests can check that the crash stays in its panel and the flow
 * can still be exported (e2e/crash.spec.ts). Harmless: only that URL asks for it, what it shows
 * is the panel's own recoverable message, and "Try again" disarms it and renders the real panel.
 */
/** The panel the page's address asks to crash, if any (read when a boundary renders: rare, and cheap). */
function requested(): string | null {
  return typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('crash');
}

/** Throws while rendering the panel named by `?crash=`, unless its boundary disarmed it (its "Try again"). */
export function CrashProbe({ panel, disarmed }: { panel: string; disarmed: boolean }): null {
  if (!disarmed && requested() === panel) {
    throw new Error(`The ${panel} panel was asked to crash (?crash=${panel}): a test of crash containment.`);
  }
  return null;
}
