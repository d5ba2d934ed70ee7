import type { ReactNode } from 'react';

export function Section({ title, aside, children, testId }: { title: string; aside?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="cf-insp-section" data-testid={testId} aria-label={title}>
      <header className="cf-insp-section__head">
        <h3 className="cf-insp-section__title">{title}</h3>
        {aside}
      </header>
      <div className="cf-insp-section__body">{children}</div>
    </section>
  );
}

/** One figure at the head of an inspector: its value, and what it counts beneath it. */
export function Stat({ value, label, testId }: { value: ReactNode; label: string; testId?: string }) {
  return (
    <div className="cf-insp-stat">
      <span className="cf-insp-stat__value tabular" data-testid={testId}>
        {value}
      </span>
      <span className="cf-insp-stat__label">{label}</span>
    </div>
  );
}
