import { useEffect, useState } from 'react';

/** A thumbnail of the chosen file (object URL revoked when the file changes or the view unmounts). */
export function UploadPreview({ file }: { file: File }) {
  const [url, setUrl] = useState<string | null>(null);
  const [broken, setBroken] = useState(false);
  useEffect(() => {
    const objectUrl = URL.createObjectURL(file);
    setUrl(objectUrl);
    setBroken(false);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file]);
  if (!url) return null;
  if (broken)
    return (
      <p className="muted small">
        The browser cannot display {file.name}; the guard will say why if it cannot read it either.
      </p>
    );
  return (
    <img
      className="upload-preview"
      src={url}
      alt={`Uploaded image ${file.name}`}
      onError={() => setBroken(true)}
    />
  );
}
