import { expect, test } from './fixtures';

// Switching the λ rule brings that rule's own measured defaults, shown with why (docs/rules.md).
test('picking a λ rule applies its defaults and says why; settings changed since are listed', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-train').click();
  const note = page.getByTestId('rule-defaults');
  await expect(note).toHaveAttribute('data-rule', 'pid');
  await expect(note).toContainText('PID Lagrangian');

  await page.getByTestId('param-lambdaRule').selectOption('additive');
  await expect(page.getByTestId('param-lambdaLr')).toHaveValue('0.02');
  await expect(note).toHaveAttribute('data-rule', 'additive');
  await expect(note).toContainText('λ learning rate 0.02');
  await expect(note).toContainText('swings ±1.3 around the limit');
  await expect(page.getByTestId('rule-defaults-changed')).toHaveCount(0);

  await page.getByTestId('param-lambdaLr').fill('0.05');
  await expect(page.getByTestId('rule-defaults-changed')).toContainText('λ learning rate 0.05 (rule default 0.02)');

  await page.getByTestId('param-lambdaRule').selectOption('upstream');
  await expect(page.getByTestId('param-lambdaLr')).toHaveValue('0.1');
  await expect(note).toContainText('Safe RLHF-V’s own lambda_lr');
});
