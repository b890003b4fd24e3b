/**
 * The lab's progress as React state, saved through the progress store on every change. A save
 * that fails (a read-only disk, a full one) keeps the change in memory and says so: the learner
 * loses nothing of this session and can go on.
 */
import { useCallback, useState } from 'react';
import { labProgressOf, withLabProgress } from '../services/lab-progress.js';
import type { LabProgress, TutorServices } from '../services/tutor-services.js';

export interface LabProgressState {
  readonly lab: LabProgress;
  /** Set when the progress file was corrupt and was set aside, or when saving failed. */
  readonly warning: string | undefined;
  update(change: (lab: LabProgress) => LabProgress): void;
}

export function useLabProgress(services: TutorServices): LabProgressState {
  const [initial] = useState(() => services.readProgress());
  const [lab, setLab] = useState(() => labProgressOf(initial.progress, services.labId));
  const [warning, setWarning] = useState(initial.warning);
  const update = useCallback(
    (change: (lab: LabProgress) => LabProgress) => {
      try {
        const saved = services.updateProgress((progress) => withLabProgress(progress, services.labId, change));
        setLab(labProgressOf(saved, services.labId));
      } catch (error) {
        setLab(change);
        setWarning(`Progress could not be saved (${error instanceof Error ? error.message : String(error)}); it is kept until you quit.`);
      }
    },
    [services],
  );
  return { lab, warning, update };
}
