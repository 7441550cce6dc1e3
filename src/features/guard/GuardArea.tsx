import { BatchModeration } from './BatchModeration';
import { FilterRegenerate } from './FilterRegenerate';
import { InteractiveModeration } from './InteractiveModeration';
import { ThresholdSlider } from './ThresholdSlider';
import './guard.css';

/** The Guard area: interactive moderation, the filter-and-regenerate loop and batch moderation of a split. */
export function GuardArea() {
  return (
    <div className="guard-area" data-testid="guard-area">
      <section className="panel guard-intro">
        <h2>Guard: multi-level moderation</h2>
        <p>
          A small guard model, a design inspired by Beaver-Guard-V, reads an image, a question and
          (optionally) a response and predicts an unsafe probability, a severity level (safe, minor, moderate,
          severe) and the harm category. Beaver-Guard-V's code, weights and input format are unpublished, so
          this is the playground's own guard and loop, trained on BeaverTails-V-style labels (pretrained
          weights, or the ones you train in Reward &amp; Cost models).
        </p>
        <p className="muted small">
          Paper-reported, 7B VLMs: five rounds of filtering and regeneration with Beaver-Guard-V raised the
          precursor model's safety by an average of 40.9% (Safe RLHF-V, arXiv 2503.17682). Toy models here are
          not comparable with that figure.
        </p>
        <ThresholdSlider />
      </section>
      <InteractiveModeration />
      <FilterRegenerate />
      <BatchModeration />
    </div>
  );
}

export default GuardArea;
