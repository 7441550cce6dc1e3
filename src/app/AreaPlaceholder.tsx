export function AreaPlaceholder({ title, what }: { title: string; what: string }) {
  return (
    <section className="panel placeholder">
      <h2>{title}</h2>
      <p>{what}</p>
    </section>
  );
}
