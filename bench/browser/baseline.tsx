// The baseline of the browser benchmark: a bare React Flow page with default nodes, showing the same
// modules and edges at the same positions as the editor does for `?generate=N`. Nothing else.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlow, applyNodeChanges, type Edge, type Node, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { generateFlow } from '../../src/model/generate';

const n = Number(new URLSearchParams(location.search).get('generate') ?? 100);
const flow = generateFlow({ modules: n, seed: 1 });
const initialNodes: Node[] = flow.modules.map((m) => ({ id: m.id, position: m.position, data: { label: m.name } }));
const edges: Edge[] = flow.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }));

function Baseline() {
  const [nodes, setNodes] = useState(initialNodes);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={(changes: NodeChange[]) => setNodes((current) => applyNodeChanges(changes, current))}
      fitView
      minZoom={0.05}
    />
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Baseline />
  </StrictMode>,
);
