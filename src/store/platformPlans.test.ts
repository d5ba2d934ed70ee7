import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { resetPlatformPlans, setPlatformPlan } from './platformPlans';
import { DEFAULT_PLATFORM_TABLE, platformTableOf } from '../cost/platformTable';
import { parseFlow } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { createEditorStore, emptyFlow } from './editor';
import type { Flow } from '../model/types';

const flow = (settings: Flow['settings'] = {}): Flow => ({ ...emptyFlow('Plans'), settings });

describe('setPlatformPlan', () => {
  it('stores the platform’s whole list of plans with the one changed, and the file reads back the same table', () => {
    const next = produce(flow(), (d) => void setPlatformPlan(d, 'make', 1, { monthlyPrice: 12 }));
    const plans = next.settings.platforms?.make?.plans;
    expect(plans).toEqual(DEFAULT_PLATFORM_TABLE.make.plans.map((p, i) => (i === 1 ? { ...p, monthlyPrice: 12 } : p)));
    const read = parseFlow(serializeFlow(next));
    expect(read.ok && platformTableOf(read.value).make.plans).toEqual(plans);
  });

  it('keeps what else the flow says of the platform, and drops the list once it is back to the defaults', () => {
    const start = flow({ platforms: { zapier: { unitsPerKind: { code: 2 } } } });
    const changed = produce(start, (d) => void setPlatformPlan(d, 'zapier', 0, { monthlyUnits: 500, monthlyPrice: 5 }));
    expect(changed.settings.platforms?.zapier).toEqual({ unitsPerKind: { code: 2 }, plans: expect.any(Array) });
    const back = produce(changed, (d) => void setPlatformPlan(d, 'zapier', 0, { monthlyUnits: 100, monthlyPrice: 0 }));
    expect(back.settings.platforms).toEqual({ zapier: { unitsPerKind: { code: 2 } } });
    expect(produce(flow(), (d) => void setPlatformPlan(d, 'n8n', 0, { monthlyPrice: 26 })).settings.platforms).toBeUndefined();
  });

  it('refuses numbers outside the field rules, and a plan that does not exist, changing nothing', () => {
    for (const patch of [{ monthlyPrice: -1 }, { monthlyUnits: Number.NaN }, { monthlyUnits: 1e16 }, { monthlyPrice: Infinity }]) {
      let error;
      const next = produce(flow(), (d) => void (error = setPlatformPlan(d, 'make', 0, patch)));
      expect(error).toMatchObject({ field: expect.stringMatching(/^settings\.platforms\.make\.plans\.0\.monthly(Units|Price)$/), message: expect.any(String) });
      expect(next.settings.platforms).toBeUndefined();
    }
    let error;
    produce(flow(), (d) => void (error = setPlatformPlan(d, 'n8n', 7, { monthlyPrice: 1 })));
    expect(error).toEqual({ field: 'settings.platforms.n8n.plans.7', message: 'n8n has no plan number 8.' });
  });

  it('resetPlatformPlans removes only the plans, and what is left empty', () => {
    const start = flow({ platforms: { make: { plans: [{ name: 'Solo', monthlyUnits: 1, monthlyPrice: 1 }], date: '2026' }, n8n: { plans: [] } } });
    const once = produce(start, (d) => resetPlatformPlans(d, 'make'));
    expect(once.settings.platforms).toEqual({ make: { date: '2026' }, n8n: { plans: [] } });
    expect(produce(flow({ platforms: { n8n: { plans: [] } } }), (d) => resetPlatformPlans(d, 'n8n')).settings.platforms).toBeUndefined();
  });
});

describe('noteImportSource', () => {
  it('remembers another platform’s format for the document just loaded only; a Creditflow file clears it', () => {
    const store = createEditorStore(flow());
    const state = () => store.getState();
    state().loadFlow(flow({ runsPerMonth: 5 }), 'Import a.json');
    state().noteImportSource('n8n');
    expect(state().ui.importedFrom).toEqual({ format: 'n8n', loadSerial: state().loadSerial });
    state().noteImportSource('creditflow');
    expect(state().ui.importedFrom).toBeNull();
    state().noteImportSource('make');
    state().loadFlow(flow({ runsPerMonth: 6 }), 'New');
    // Still there, but for a document no longer open: the panel and the dock compare the serials.
    expect(state().ui.importedFrom!.loadSerial).toBeLessThan(state().loadSerial);
  });

});
