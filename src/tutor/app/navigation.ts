/** Where the learner is: one route per screen, kept on a stack so Esc goes back. */
import type { PlaygroundId } from '../../lessons/lesson-types.js';

export type Route =
  | { readonly screen: 'home' }
  | { readonly screen: 'lesson'; readonly sectionIndex?: number; readonly scroll?: number }
  | { readonly screen: 'playgrounds' }
  | { readonly screen: 'playground'; readonly id: PlaygroundId }
  | { readonly screen: 'exercises'; readonly exerciseId?: string }
  | { readonly screen: 'quiz' };

export interface Navigation {
  readonly route: Route;
  /** False on the first screen, where Esc has nowhere to go. */
  readonly canGoBack: boolean;
  go(route: Route): void;
  /** Rewrites the current route, so Esc comes back to where the learner was (the lesson's place). */
  replace(route: Route): void;
  back(): void;
  quit(): void;
}
