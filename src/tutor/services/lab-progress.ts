/** Reading and changing one lab's part of the progress file, without losing the other labs'. */
import type { ExerciseProgress, LabProgress, Progress } from './tutor-services.js';

export const emptyLabProgress: LabProgress = { exercises: {}, quiz: { answers: {} }, sectionsRead: [] };

export function labProgressOf(progress: Progress, labId: string): LabProgress {
  return progress.labs[labId] ?? emptyLabProgress;
}

export function withLabProgress(progress: Progress, labId: string, change: (lab: LabProgress) => LabProgress): Progress {
  return { ...progress, labs: { ...progress.labs, [labId]: change(labProgressOf(progress, labId)) } };
}

export function exerciseProgressOf(lab: LabProgress, exerciseId: string): ExerciseProgress {
  return lab.exercises[exerciseId] ?? { status: 'not-started', hintsShown: 0 };
}

export function markSectionRead(lab: LabProgress, sectionId: string): LabProgress {
  return lab.sectionsRead.includes(sectionId) ? lab : { ...lab, sectionsRead: [...lab.sectionsRead, sectionId] };
}
