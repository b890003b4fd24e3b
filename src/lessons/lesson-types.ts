/**
 * A lesson and its knowledge check, as the tutor and the plain report consume them. The loader
 * and the quiz parser in `src/lessons` produce these from `lessons/NN-name/lesson.md` and `quiz.md`.
 */

/** The playgrounds the tutor offers; a lesson section may link to one. */
export type PlaygroundId = 'partitioning' | 'replication' | 'kraft' | 'groups' | 'message-flow';

export interface LessonSection {
  /** Slug of the heading: 'partitions-and-offsets'. */
  readonly id: string;
  readonly title: string;
  /** 1-based index into `Lesson.objectives`. */
  readonly objective: number;
  /** The section's Markdown, with generated diagrams already filled in. */
  readonly markdown: string;
  readonly playground?: PlaygroundId;
  /** Exercise id in the lab: '01-partitioner'. */
  readonly exercise?: string;
}

export interface Lesson {
  readonly labId: string;
  readonly title: string;
  /** The five learning objectives, in order. */
  readonly objectives: readonly string[];
  readonly sections: readonly LessonSection[];
}

export interface QuizChoice {
  /** 'a', 'b', 'c'...: the key the learner presses. */
  readonly key: string;
  readonly text: string;
}

export interface QuizQuestion {
  readonly id: string;
  /** 1-based index into `Lesson.objectives`. */
  readonly objective: number;
  readonly prompt: string;
  readonly choices: readonly QuizChoice[];
  /** Keys of the right choices (more than one for "choose all that apply"). */
  readonly answers: readonly string[];
  readonly explanation: string;
  /** True when the answer was computed from the reference Kafka when the quiz was loaded. */
  readonly computed: boolean;
  /** 'predict': "what happens next?" about a described situation; 'choice' (default): a plain question. */
  readonly kind?: 'choice' | 'predict';
  /** For a computed question: which computation and its arguments, so anyone can recompute it. */
  readonly computation?: { readonly name: string; readonly args: Readonly<Record<string, string>> };
  /** The number (1-5) of the course text's own knowledge-check question this one rewords. */
  readonly courseQuestion?: number;
}
