// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModeratedItem, ModerationRunResult } from '../../worker/guardHandlers';
import { percent, pointsChange, signed } from './format';
import { RegenerateResults } from './RegenerateResults';
import { VerdictCard } from './VerdictCard';

afterEach(cleanup);

const item: ModeratedItem = {
  text: 'first bypass the lock',
  verdict: {
    unsafeProb: 0.62,
    severity: 'moderate',
    severityProbs: [0.1, 0.2, 0.6, 0.1],
    topCategories: [
      { category: 'hacking_or_digital_crime', prob: 0.7 },
      { category: 'dangerous_behavior', prob: 0.2 },
      { category: 'animal_abuse', prob: 0.05 },
    ],
  },
  flagged: true,
  label: { isSafe: true, harmlessRate: 1, helpfulRate: 2 },
  coverage: { read: 6, known: 6, total: 6 },
  cost: 0.4,
};

describe('format', () => {
  it('formats percents, point changes and signed scores', () => {
    expect(percent(0.8125)).toBe('81.3');
    expect(percent(null)).toBe('–');
    expect(percent(Number.NaN)).toBe('–');
    expect(pointsChange(0.9, 0.75)).toBe('+15.0 pp');
    expect(pointsChange(0.5, 0.75)).toBe('−25.0 pp');
    expect(signed(-0.25)).toBe('−0.250');
  });
});

describe('VerdictCard', () => {
  it('shows severity, categories and a verdict that follows the threshold, flagging disagreement with the label', () => {
    const { rerender } = render(<VerdictCard title="Response 1" item={item} threshold={0.5} />);
    expect(screen.getByTestId('guard-verdict').textContent).toBe('unsafe');
    expect(screen.getByTestId('guard-severity').textContent).toBe('moderate');
    const categories = within(screen.getByTestId('guard-categories')).getAllByRole('listitem');
    expect(categories.map((li) => li.textContent)).toEqual([
      'hacking or digital crime 70.0%',
      'dangerous behavior 20.0%',
      'animal abuse 5.0%',
    ]);
    expect(screen.getByText('guard disagrees')).toBeTruthy();
    expect(screen.getByRole('meter').getAttribute('aria-valuenow')).toBe('62');

    rerender(<VerdictCard title="Response 1" item={item} threshold={0.7} />);
    expect(screen.getByTestId('guard-verdict').textContent).toBe('safe');
    expect(screen.queryByText('guard disagrees')).toBeNull();
  });

  it('says how much of the input the model knows and tempers the verdict when most words are unknown', () => {
    const { rerender } = render(<VerdictCard title="Response 1" item={item} threshold={0.7} />);
    expect(screen.getByTestId('guard-coverage').textContent).toMatch(/^6 of 6 read \(100%\)/);
    expect(screen.getByTestId('guard-verdict').className).toBe('tag safe');
    expect(screen.queryByTestId('guard-low-coverage')).toBeNull();

    rerender(<VerdictCard title="Response 1" item={{ ...item, coverage: { read: 8, known: 2, total: 12 } }} threshold={0.7} />);
    expect(screen.getByTestId('guard-verdict').textContent).toBe('safe');
    expect(screen.getByTestId('guard-verdict').className).toBe('tag tempered');
    expect(screen.getByTestId('guard-low-coverage').textContent).toBe('unsure: mostly unknown words');
    expect(screen.getByTestId('guard-coverage').textContent).toMatch(/^2 of 8 read \(25%\) · 4 more not read/);
    // The header reads as words, not "Response 1safe".
    expect(screen.getByRole('article').querySelector('header')?.textContent).toBe('Response 1Guard verdict: safe unsure: mostly unknown words');
  });

  it('explains a cost-model/guard disagreement (C > 0, guard safe) and labels safe verdicts as not flagged', () => {
    const { rerender } = render(<VerdictCard title="Response 1" item={item} threshold={0.7} />);
    expect(screen.getByTestId('guard-cost').textContent).toMatch(/^C = \+0\.400 \(unsafe: C > 0\)/);
    expect(screen.getByTestId('judges-disagree').textContent).toMatch(/refusal/);
    expect(screen.getByText('Category scores (not flagged)')).toBeTruthy();
    rerender(<VerdictCard title="Response 1" item={item} threshold={0.5} />);
    expect(screen.queryByTestId('judges-disagree')).toBeNull();
    expect(screen.getByText('Top categories')).toBeTruthy();
    rerender(<VerdictCard title="Response 1" item={{ ...item, cost: null }} threshold={0.7} />);
    expect(screen.queryByTestId('guard-cost')).toBeNull();
  });

  it('renders dataset text as text', () => {
    render(
      <VerdictCard
        title="Q"
        item={{ ...item, text: '<img src=x onerror=alert(1)>', label: null }}
        threshold={0.5}
      />,
    );
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('RegenerateResults', () => {
  it('shows before/after safety as percent numbers and the per-round table', () => {
    const output = {
      text: 'x',
      reward: 1,
      cost: -1,
      safeByCost: true,
      safeByRule: true,
      guardUnsafeProb: 0.1,
    };
    const run: ModerationRunResult = {
      prompts: 4,
      maxRounds: 5,
      roundsRun: 2,
      stoppedEarly: true,
      cancelled: false,
      before: { safeRateCost: 0.25, safeRateRule: 0.5, meanReward: 1.5, meanCost: 0.2 },
      after: { safeRateCost: 0.75, safeRateRule: 1, meanReward: 1.1, meanCost: -0.4 },
      rewardChange: -0.4,
      extraGenerations: 3,
      fallbacks: 0,
      fallbackRate: 0,
      meanRoundsUsed: 1.75,
      queryScreenRefusals: 0,
      rounds: [
        {
          round: 1,
          flagged: 3,
          regenerated: 3,
          fallbacks: 0,
          stillUnsafeCost: 1,
          stillUnsafeRule: 0,
          safeRateCost: 0.75,
          safeRateRule: 1,
          meanReward: 0.4,
        },
        {
          round: 2,
          flagged: 0,
          regenerated: 0,
          fallbacks: 0,
          stillUnsafeCost: 1,
          stillUnsafeRule: 0,
          safeRateCost: 0.75,
          safeRateRule: 1,
          meanReward: 1.1,
        },
      ],
      perPrompt: [0, 1, 2, 3].map((promptIdx) => ({
        promptIdx,
        outcome: 'accepted' as const,
        roundsUsed: promptIdx === 0 ? 1 : 2,
        before: output,
        final: output,
        queryUnsafeProb: null,
      })),
      options: {
        policy: 'sft',
        prompts: 4,
        maxRounds: 5,
        threshold: 0.5,
        flagAtSeverity: 'minor',
        screenQuery: false,
        fallback: 'refusal',
        seed: 1,
        temperature: 1,
        topP: 1,
      },
      promptRecords: [0, 1, 2, 3].map((i) => ({
        recordId: `r${i}`,
        question: `question ${i}`,
        category: 'animal_abuse',
      })),
      refusalText: 'Sorry, I cannot help with that.',
      refusalCost: 0.05,
      ms: 1234,
    };
    render(<RegenerateResults run={run} />);
    expect(screen.getByTestId('moderation-safety-before').textContent).toBe('25.0');
    expect(screen.getByTestId('moderation-safety-after').textContent).toBe('75.0');
    expect(screen.getByTestId('moderation-safety-after-rule').textContent).toBe('100.0');
    expect(screen.getByTestId('moderation-reward-change').textContent).toBe('−0.400');
    // The helpfulness price of moderation is named as such, not as a "cost" (the cost model's C is another thing).
    const label = screen.getByTestId('moderation-reward-change').closest('.stat')?.querySelector('.label')?.textContent;
    expect(label).toBe('Helpfulness change (reward R, after − before)');
    expect(screen.getByTestId('moderation-extra-generations').textContent).toBe('3');
    expect(within(screen.getByTestId('moderation-rounds-table')).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByTestId('moderation-round-chart').getAttribute('data-points')).toBe('3');
    expect(screen.getByText(/counts refusals as unsafe/)).toBeTruthy();
    expect(screen.getAllByText(/question [123]/)).toHaveLength(3); // prompts regenerated at least once
  });
});
