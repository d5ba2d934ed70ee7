/**
 * A figure of the platforms panel that explains itself: hovering or focusing it shows its
 * formula with its numbers in the panel's explanation line (and as the native tooltip).
 */
import { createContext, useContext, type ReactNode } from 'react';

export interface Explainer {
  /** The id of the line that shows the formula (each figure is described by it). */
  lineId: string;
  show(formula: string): void;
  hide(formula: string): void;
}

export const ExplainerContext = createContext<Explainer | null>(null);

export function Figure({ formula, children, testId, value, className }: { formula: string; children: ReactNode; testId?: string; value?: number; className?: string }) {
  const explainer = useContext(ExplainerContext);
  return (
    <span
      className={`cf-pf-fig${className ? ` ${className}` : ''}`}
      tabIndex={0}
      title={formula}
      data-testid={testId}
      data-value={value}
      data-formula={formula}
      aria-describedby={explainer?.lineId}
      onMouseEnter={() => explainer?.show(formula)}
      onFocus={() => explainer?.show(formula)}
      onMouseLeave={() => explainer?.hide(formula)}
      onBlur={() => explainer?.hide(formula)}
    >
      {children}
    </span>
  );
}
