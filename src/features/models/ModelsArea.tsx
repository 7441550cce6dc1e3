import { useEffect } from 'react';
import { EvalTable } from './EvalTable';
import { GuardReport } from './GuardReport';
import { ModelFiles } from './ModelFiles';
import { ModelPackCard } from './ModelPackCard';
import { ModelParams } from './ModelParams';
import { ModelTrainCard } from './ModelTrainCard';
import { followModelJobs, refreshModels } from './modelsClient';
import './models.css';

/** Reward, cost and guard models: train live, evaluate on held-out pairs, load/save weights. */
export function ModelsArea() {
  useEffect(() => {
    followModelJobs();
    void refreshModels();
  }, []);
  return (
    <div className="models-area">
      <div className="models-side">
        <ModelFiles />
        <ModelPackCard />
        <ModelParams />
      </div>
      <div className="models-main">
        <EvalTable />
        <ModelTrainCard kind="reward" />
        <ModelTrainCard kind="cost" />
        <ModelTrainCard kind="guard" />
        <GuardReport />
      </div>
    </div>
  );
}
