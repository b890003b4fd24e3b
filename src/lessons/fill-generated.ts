/**
 * Replaces what a lesson or quiz asks the reference Kafka for:
 * - inline values `{{partition key=user-123 partitions=3}}` → the computation's answer ("2");
 * - generated diagrams: a fenced block opened with ```` ```generated <name> key=value... ```` →
 *   a plain ```` ```text ```` block holding the diagram's lines.
 * Problems come back as ArgumentProblem-style messages; the caller adds file and line.
 */
import { computations } from './computations.js';
import { ArgumentProblem, DirectiveArgs, parseDirective } from './directive-args.js';
import { diagramGenerators, type PreparedDiagram } from './generators/index.js';

const INLINE = /\{\{([^{}]*)\}\}/g;

/** Fills every {{name args}} in one line from the computations. Throws ArgumentProblem. */
export function fillInlineValues(line: string): string {
  return line.replace(INLINE, (_match, inner: string) => {
    const args = directiveArgs(inner);
    const compute = computations.get(args.name);
    if (compute === undefined) {
      throw new ArgumentProblem(`unknown inline value "${args.name}" (known: ${[...computations.keys()].join(', ')})`);
    }
    const { answer } = compute(args.reader);
    args.reader.assertAllUsed();
    return answer;
  });
}

/** A generated diagram, its arguments checked, from the text after "generated". Throws ArgumentProblem. */
export function generateDiagram(directiveText: string): PreparedDiagram {
  const args = directiveArgs(directiveText);
  const generate = diagramGenerators.get(args.name);
  if (generate === undefined) {
    throw new ArgumentProblem(`unknown diagram "${args.name}" (known: ${[...diagramGenerators.keys()].join(', ')})`);
  }
  const prepared = generate(args.reader);
  args.reader.assertAllUsed();
  return prepared;
}

function directiveArgs(text: string): { name: string; reader: DirectiveArgs } {
  const directive = parseDirective(text);
  if (typeof directive === 'string') throw new ArgumentProblem(directive);
  return { name: directive.name, reader: new DirectiveArgs(directive) };
}
