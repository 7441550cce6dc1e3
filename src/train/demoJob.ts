import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { createAdam } from '../compute/select';

/**
 * The smallest real training job: a 2-16-16-1 MLP regressing y = sin(3x₁)·cos(2x₂) on 256 seeded points.
 * Used by the backend check (one step on each backend must give the same loss) and the System panel's
 * live-curve demo. Weights come from a seeded JS stream, so every backend starts from identical numbers.
 */
export class DemoMlp {
  private readonly weights: tf.Variable[];
  private readonly x: tf.Tensor2D;
  private readonly y: tf.Tensor2D;
  private readonly optimizer: tf.AdamOptimizer;

  constructor(seed = 1, learningRate = 0.01) {
    const random = seedrandom.alea(String(seed));
    const uniform = (n: number, scale: number) => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
    const points = 256;
    const xs = uniform(points * 2, 1);
    const ys = Float32Array.from({ length: points }, (_, i) => Math.sin(3 * xs[2 * i]) * Math.cos(2 * xs[2 * i + 1]));
    this.x = tf.tensor2d(xs, [points, 2]);
    this.y = tf.tensor2d(ys, [points, 1]);
    const layer = (fanIn: number, fanOut: number) => [
      tf.variable(tf.tensor2d(uniform(fanIn * fanOut, Math.sqrt(6 / (fanIn + fanOut))), [fanIn, fanOut])),
      tf.variable(tf.zeros([fanOut])),
    ];
    this.weights = [...layer(2, 16), ...layer(16, 16), ...layer(16, 1)];
    this.optimizer = createAdam(learningRate);
  }

  private loss(): tf.Scalar {
    const [w1, b1, w2, b2, w3, b3] = this.weights;
    const h1 = tf.tanh(this.x.matMul(w1).add(b1));
    const h2 = tf.tanh(h1.matMul(w2).add(b2));
    const prediction = h2.matMul(w3).add(b3);
    return prediction.sub(this.y).square().mean() as tf.Scalar;
  }

  /** One Adam step; resolves to the loss before the step. */
  async step(): Promise<number> {
    const loss = this.optimizer.minimize(() => this.loss(), true, this.weights);
    const [value] = await loss!.data();
    loss!.dispose();
    return value;
  }

  dispose(): void {
    for (const w of this.weights) w.dispose();
    this.x.dispose();
    this.y.dispose();
    this.optimizer.dispose();
  }
}
