import { describe, expect, it } from 'vitest';
import { emptyFlow } from '../store/editor';
import { platformTableOf } from '../cost/platformTable';
import { serializeFlow } from '../io/serialize';
import type { Flow } from '../model/types';
import { testHost } from './testing';

const flow = (settings: Flow['settings'] = {}): Flow => ({ ...emptyFlow('Plans'), settings });

describe('platforms.setPlan and platforms.resetPlans', () => {
  it('are one undo step each; a refused number is told in a toast and changes nothing', async () => {
    const host = testHost({ flow: flow() });
    const state = () => host.store.getState();
    await host.commands.run('platforms.setPlan', { platform: 'zapier', index: 2, monthlyPrice: 99 });
    expect(platformTableOf(state().flow).zapier.plans[2]!.monthlyPrice).toBe(99);
    expect(state().past.map((s) => s.label)).toEqual(['Change a Zapier plan']);
    await host.commands.run('platforms.resetPlans', { platform: 'zapier' });
    expect(state().flow.settings.platforms).toBeUndefined();
    await host.commands.run('edit.undo');
    expect(platformTableOf(state().flow).zapier.plans[2]!.monthlyPrice).toBe(99);
    await host.commands.run('edit.undo');
    expect(state().flow.settings.platforms).toBeUndefined();

    await host.commands.run('platforms.setPlan', { platform: 'make', index: 0, monthlyPrice: -5 });
    expect(state().flow.settings.platforms).toBeUndefined();
    expect(state().ui.toast?.message).toMatch(/cannot be negative/);
    // A payload that is not a plan edit does nothing.
    for (const payload of [undefined, { platform: 'altan', index: 0, monthlyPrice: 1 }, { platform: 'make', index: 0.5 }, { platform: 'make', index: 0, monthlyPrice: '3' }]) {
      await host.commands.run('platforms.setPlan', payload);
    }
    expect(state().flow.settings.platforms).toBeUndefined();
  });
});

describe('file.importText', () => {
  it('the import of a flow file notes a Creditflow source', async () => {
    const host = testHost({ flow: flow() });
    host.store.getState().noteImportSource('make');
    await host.commands.run('file.importText', { text: serializeFlow(flow({ runsPerMonth: 7 })), fileName: 'x.json' });
    expect(host.store.getState().ui.importedFrom).toBeNull();
  });
});
