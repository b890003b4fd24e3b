/** The lab's progress as React state, saved through the progress store on every change. */
import { useCallback, useState } from 'react';
import { labProgressOf, withLabProgress } from '../services/lab-progress.js';
import type { LabProgress, TutorServices } from '../services/tutor-services.js';

export interface LabProgressState {
  readonly lab: LabProgress;
  /** Set when the progress file was corrupt and was set aside. */
  readonly warning: string | undefined;
  update(change: (lab: LabProgress) => LabProgress): void;
}

export function useLabProgress(services: TutorServices): LabProgressState {
  const [initial] = useState(() => services.readProgress());
  const [lab, setLab] = useState(() => labProgressOf(initial.progress, services.labId));
  const update = useCallback(
    (change: (lab: LabProgress) => LabProgress) => {
      const saved = services.updateProgress((progress) => withLabProgress(progress, services.labId, change));
      setLab(labProgressOf(saved, services.labId));
    },
    [services],
  );
  return { lab, warning: initial.warning, update };
}
