import { useConfig, useConfigActions } from '../../state/store';

/** The group size the one-click button asks for (the setting itself takes 1–8: Hyperparameters → Data & prompts). */
export const QUICK_GROUP_SEEDS = 4;

/**
 * One click between a single run and a group of four seeds (s … s+3): the group's charts draw the mean with a
 * min–max band and its readouts mean ± sd. Like any setting that rebuilds the run, it waits for "Apply & reset"
 * once a run has started.
 */
export function SeedGroupButton({ disabled }: { disabled: boolean }) {
  const { seeds, seed } = useConfig();
  const { set } = useConfigActions();
  const grouped = seeds > 1;
  return (
    <button
      type="button"
      data-testid="train-seed-group"
      aria-pressed={grouped}
      disabled={disabled}
      onClick={() => set('seeds', grouped ? 1 : QUICK_GROUP_SEEDS)}
      title={
        grouped
          ? `A group of ${seeds} seeds (${seed}–${seed + seeds - 1}); click for one seed`
          : `Run seeds ${seed}–${seed + QUICK_GROUP_SEEDS - 1} as one group: mean with a band, mean ± sd readouts`
      }
    >
      ×{QUICK_GROUP_SEEDS} seeds{grouped && seeds !== QUICK_GROUP_SEEDS ? ` (now ${seeds})` : ''}
    </button>
  );
}
