/** The field tree of a decoded message; values are text nodes only. */
import type { DecodedField } from '../../decoders/types';

function Field({ field }: { field: DecodedField }) {
  return (
    <li role="treeitem">
      <span class="ss-json-key">{field.name}</span>
      {field.value !== undefined && (
        <>
          {': '}
          <span class="ss-dec-value">{field.value}</span>
        </>
      )}
      {field.children && field.children.length > 0 && <DecodedTree fields={field.children} nested />}
    </li>
  );
}

export function DecodedTree({ fields, nested = false }: { fields: readonly DecodedField[]; nested?: boolean }) {
  return (
    <ul class={nested ? 'ss-json-group' : 'ss-json ss-dec-tree'} role={nested ? 'group' : 'tree'}>
      {fields.map((f, i) => (
        <Field key={i} field={f} />
      ))}
    </ul>
  );
}
