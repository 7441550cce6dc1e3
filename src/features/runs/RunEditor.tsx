import { useId, useState, type FormEvent } from 'react';
import { parseTags } from '../../runs/naming';
import type { RunMeta } from '../../runs/types';

interface RunEditorProps {
  run: RunMeta;
  onSave: (patch: Pick<RunMeta, 'name' | 'tags' | 'notes'>) => void;
  onCancel: () => void;
}

/** Rename, tags (comma-separated) and notes of one run. */
export function RunEditor({ run, onSave, onCancel }: RunEditorProps) {
  const [name, setName] = useState(run.name);
  const [tags, setTags] = useState(run.tags.join(', '));
  const [notes, setNotes] = useState(run.notes);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave({ name: name.trim() || run.name, tags: parseTags(tags), notes });
  };
  return (
    <form
      className="run-editor"
      onSubmit={submit}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <label className="field" htmlFor={`${id}-name`}>
        <span>Name</span>
        <input
          id={`${id}-name`}
          data-testid="run-name-input"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          autoFocus
        />
      </label>
      <label className="field" htmlFor={`${id}-tags`}>
        <span>Tags (comma-separated)</span>
        <input
          id={`${id}-tags`}
          data-testid="run-tags-input"
          value={tags}
          onChange={(e) => setTags(e.target.value)}
        />
      </label>
      <label className="field run-notes-field" htmlFor={`${id}-notes`}>
        <span>Notes</span>
        <textarea
          id={`${id}-notes`}
          data-testid="run-notes-input"
          rows={3}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
      </label>
      <div className="row">
        <button type="submit" className="primary" data-testid="run-save">
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
