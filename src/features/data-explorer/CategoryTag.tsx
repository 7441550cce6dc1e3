import { categoryDefinition, categoryLabel } from './categoryInfo';

/** A category name with its one-line definition as tooltip (hover or keyboard focus). */
export function CategoryTag({ category }: { category: string }) {
  return (
    <span className="tag category-tag" title={categoryDefinition(category)}>
      {categoryLabel(category)}
    </span>
  );
}
