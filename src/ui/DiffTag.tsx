import { Minus, PencilLine, Plus, TrendingDown, TrendingUp } from 'lucide-react';

/**
 * The marker of a compared module or edge: an icon and a word as well as a colour, so the
 * difference never rests on colour alone ("Added", "Removed", "+2.8 cr", "Edited").
 */
export function DiffTag({ status, tag, detail, inline = false }: { status: 'added' | 'changed' | 'edited' | 'removed'; tag: string; detail: string; inline?: boolean }) {
  const Icon =
    status === 'added' ? Plus : status === 'removed' ? Minus : status === 'edited' ? PencilLine : tag.startsWith('−') ? TrendingDown : TrendingUp;
  return (
    <span
      className={`cf-diff-tag cf-diff-tag--${status}${inline ? ' cf-diff-tag--inline' : ''}`}
      data-testid="diff-tag"
      data-status={status}
      role="img"
      aria-label={detail}
      title={detail}
    >
      <Icon size={11} strokeWidth={2.6} aria-hidden="true" />
      {tag}
    </span>
  );
}
