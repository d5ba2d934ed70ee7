import { explainNode } from '../cost/explain';
import { useEditor } from '../store/editor';
import { flowCostOf } from './derivedSource';

/** The formula of one module's credits with its numbers, as the engine explains it. */
export function Formula({ id, title }: { id: string; title: string }) {
  const lines = useEditor((s) => {
    const cost = flowCostOf(s);
    const node = cost.byId.get(id);
    return node ? explainNode(node, cost.rateCard).join('\n') : '';
  });
  return (
    <div className="cf-formula" role="tooltip" data-testid="formula-tooltip">
      <p className="cf-formula__title">{title}</p>
      <ul className="cf-formula__lines">
        {lines.split('\n').map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
