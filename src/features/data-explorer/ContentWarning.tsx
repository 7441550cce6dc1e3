import { useDataActions } from './useDataset';

/** Shown instead of a real dataset image until the user chooses to see images (once per session). */
export function ContentWarning() {
  const { acknowledgeContentWarning } = useDataActions();
  return (
    <div className="sample-image content-warning" data-testid="content-warning" role="note">
      <strong>Content warning</strong>
      <p>
        BeaverTails-V images include pornographic, sexual-crime, gore and other disturbing categories. Images stay hidden
        until you choose to show them.
      </p>
      <button type="button" onClick={acknowledgeContentWarning} data-testid="content-warning-accept">
        Show images
      </button>
    </div>
  );
}
