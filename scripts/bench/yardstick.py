#!/usr/bin/python3
"""The playground's PyTorch yardstick: one default PPO-Lagrangian iteration of the engine, in PyTorch eager.

It answers "how fast would this be on the same CPU in PyTorch?" by doing the engine's work with the same networks,
sizes and passes (src/models/, src/train/ppo/), so the ratio printed by `npm run bench` against it means something.
If the engine's architecture or passes change, change this file with them (docs/performance.md).

Networks (src/models/; the vocabulary's size is the shipped policy's, 487 for fresh weights): a prompt encoder (conv3x3 C -> ReLU -> maxpool 2 -> conv3x3 2C -> ReLU -> mean over the
image; question embeddings averaged over non-PAD tokens; tanh of a dense layer over both), then an embedding, a GRU
(gates z|r|n, one input bias: n = tanh(xn + r*(h Un)), h' = n + z*(h - n)) and a head at every step: the vocabulary
for the policy, one number for the reward/cost models and the critics.

Passes of one iteration, as the engine runs them:
  rollout     actor prompt encoding, then up to T single GRU steps (softmax, read back, sample in numpy, stop when
              every row has ended); the rollout's own log-probs and entropy from the sampling steps' logits; the
              reference policy's log-probs (one teacher-forced pass from its kept prompt encoding); one readback
  score       reward and cost end scores (one pass each from the kept prompt encodings of the frozen models),
              reward and cost critic values (one full pass each)
  advantages  KL shaping of both streams with the truncation penalty, one readback, GAE on both (numpy), the λ step
  update      ppo_epochs x minibatches x {actor, reward critic, cost critic}: forward, backward, global-norm clip,
              Adam (0.9, 0.95, eps 1e-7); then one actor pass for the clip fraction and approximate KL

The frozen models' prompt encodings are kept per prompt across iterations, as the engine keeps them.

  apt-get install -y python3-torch python3-numpy libopenblas0-pthread
  node --import tsx scripts/perf/dump.ts /tmp/yardstick
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/bench/yardstick.py --threads 1 --iterations 10 --warmup 60 \\
      --weights public/weights --prompts /tmp/yardstick/prompts

Prints one JSON line: medians of wall and CPU milliseconds per iteration and per phase.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

PAD, BOS, EOS = 0, 1, 2
VOCAB, EMBED, IMAGE, CNN, QUESTION_TOKENS, RESPONSE_TOKENS = 487, 32, 16, 8, 16, 24


def read_tfjs_weights(folder):
    """TF.js model.json + weight files -> {name: tensor} (float32, the manifest's shapes and order)."""
    with open(os.path.join(folder, "model.json")) as f:
        manifest = json.load(f)["weightsManifest"]
    weights = {}
    for group in manifest:
        data = b"".join(open(os.path.join(folder, path), "rb").read() for path in group["paths"])
        at = 0
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            weights[spec["name"]] = torch.from_numpy(
                np.frombuffer(data, np.float32, count, at).reshape(spec["shape"]).copy())
            at += 4 * count
    return weights


def fresh_weights(head_size, hidden, generator, embedding_name):
    """Glorot-uniform dense and conv kernels, orthogonal recurrent blocks, zero biases (src/models/layers.ts)."""
    def glorot(fan_in, fan_out, shape):
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        return (torch.rand(shape, generator=generator) * 2 - 1) * bound

    def orthogonal(n):
        q, _ = torch.linalg.qr(torch.randn(n, n, generator=generator))
        return q

    return {
        "prompt/conv1/w": glorot(27, 9 * CNN, (3, 3, 3, CNN)),
        "prompt/conv1/b": torch.zeros(CNN),
        "prompt/conv2/w": glorot(9 * CNN, 18 * CNN, (3, 3, CNN, 2 * CNN)),
        "prompt/conv2/b": torch.zeros(2 * CNN),
        "prompt/question_embedding": torch.randn(VOCAB, EMBED, generator=generator) * 0.1,
        "prompt/fuse/w": glorot(2 * CNN + EMBED, hidden, (2 * CNN + EMBED, hidden)),
        "prompt/fuse/b": torch.zeros(hidden),
        embedding_name: torch.randn(VOCAB, EMBED, generator=generator) * 0.1,
        "gru/wx": glorot(EMBED, 3 * hidden, (EMBED, 3 * hidden)),
        "gru/wh": torch.cat([orthogonal(hidden) for _ in range(3)], 1),
        "gru/b": torch.zeros(3 * hidden),
        "head/w": glorot(hidden, head_size, (hidden, head_size)),
        "head/b": torch.zeros(head_size),
    }


class SequenceNet:
    """Prompt encoder + embedding + GRU + per-step head: the policy (head = vocabulary) or a score model (head = 1)."""

    def __init__(self, weights, embedding_name, trainable):
        self.embedding_name = embedding_name
        self.w = {name: value.clone().requires_grad_(trainable) for name, value in weights.items()}

    def copy(self, trainable=True):
        return SequenceNet({k: v.detach() for k, v in self.w.items()}, self.embedding_name, trainable)

    def parameters(self):
        return list(self.w.values())

    def encode(self, images, questions):
        w = self.w
        x = images.permute(0, 3, 1, 2)                                   # NHWC -> NCHW
        x = F.relu(F.conv2d(x, w["prompt/conv1/w"].permute(3, 2, 0, 1), w["prompt/conv1/b"], padding=1))
        x = F.max_pool2d(x, 2)
        x = F.relu(F.conv2d(x, w["prompt/conv2/w"].permute(3, 2, 0, 1), w["prompt/conv2/b"], padding=1))
        image = x.mean((2, 3))
        real = (questions != PAD).float().unsqueeze(2)
        question = (F.embedding(questions, w["prompt/question_embedding"]) * real).sum(1) / real.sum(1).clamp(min=1)
        return torch.tanh(torch.cat([image, question], 1) @ w["prompt/fuse/w"] + w["prompt/fuse/b"])

    def step(self, projected, h):
        hidden = h.shape[1]
        hp = h @ self.w["gru/wh"]
        z, r = torch.sigmoid(projected[:, :2 * hidden] + hp[:, :2 * hidden]).split(hidden, 1)
        n = torch.tanh(projected[:, 2 * hidden:] + r * hp[:, 2 * hidden:])
        return n + z * (h - n)

    def head(self, states):
        return states @ self.w["head/w"] + self.w["head/b"]

    def token_step(self, ids, h):
        return self.step(F.embedding(ids, self.w[self.embedding_name]) @ self.w["gru/wx"] + self.w["gru/b"], h)

    def outputs(self, h0, inputs):
        """Head outputs [B, T, out] for input ids [B, T] from the initial state h0 [B, H]."""
        batch, steps = inputs.shape
        projected = (F.embedding(inputs, self.w[self.embedding_name]) @ self.w["gru/wx"] + self.w["gru/b"])
        h, states = h0, []
        for t in range(steps):
            h = self.step(projected[:, t], h)
            states.append(h)
        return self.head(torch.stack(states, 1))


def shift_right(tokens):
    return torch.cat([torch.full_like(tokens[:, :1], BOS), tokens[:, :-1]], 1)


def picked_log_probs(logits, tokens):
    """log softmax(logits)[y] and the entropy, per position."""
    log_probs = F.log_softmax(logits, -1)
    return log_probs.gather(2, tokens.unsqueeze(2)).squeeze(2), -(log_probs.exp() * log_probs).sum(2)


def last_real_index(mask):
    return (mask * torch.arange(1, mask.shape[1] + 1, dtype=mask.dtype)).argmax(1)


def masked_mean(x, mask):
    return ((x * mask).sum(1) / mask.sum(1).clamp(min=1)).mean()


def gae(rewards, values, mask, gamma, lam):
    """Both arrays [B, T] (numpy); pads are 0, so the step after a row's end bootstraps from 0."""
    rewards, values = rewards * mask, values * mask
    advantages = np.zeros_like(rewards)
    running = np.zeros(rewards.shape[0], np.float32)
    for t in range(rewards.shape[1] - 1, -1, -1):
        following = values[:, t + 1] if t + 1 < rewards.shape[1] else 0.0
        running = rewards[:, t] + gamma * following - values[:, t] + gamma * lam * running
        advantages[:, t] = running
    return advantages, advantages + values


class KeptEncodings:
    """The frozen models' prompt encodings, one row per prompt, computed when a prompt is first drawn."""

    def __init__(self, net):
        self.net, self.rows = net, {}

    def __call__(self, indices, images, questions):
        missing = [i for i, record in enumerate(indices) if record not in self.rows]
        if missing:
            with torch.no_grad():
                encoded = self.net.encode(images[missing], questions[missing])
            for i, row in zip(missing, encoded):
                self.rows[indices[i]] = row
        return torch.stack([self.rows[record] for record in indices])


class Iteration:
    """The engine's PPO-Lagrangian iteration at the start-up settings that change the work done."""

    settings = dict(actor_lr=1e-3, critic_lr=1e-3, ppo_epochs=1, minibatches=1, clip=0.2, beta=0.2, score_clip=50.0,
                    value_clip=5.0, gamma=1.0, gae_lambda=0.95, max_grad_norm=1.0, truncation_penalty=2.0,
                    threshold=-0.5, kp=0.5, ki=0.01, lambda_init=0.2, lambda_max=20.0, window=128)

    def __init__(self, args):
        self.batch, self.steps, hidden = args.batch, RESPONSE_TOKENS, args.hidden
        generator = torch.Generator().manual_seed(0)
        shipped = args.weights and hidden == 64
        if shipped:
            policy = read_tfjs_weights(os.path.join(args.weights, "policy-sft"))
            reward = read_tfjs_weights(os.path.join(args.weights, "reward"))
            cost = read_tfjs_weights(os.path.join(args.weights, "cost"))
        else:
            policy = fresh_weights(VOCAB, hidden, generator, "token_embedding")
            reward = fresh_weights(1, hidden, generator, "response_embedding")
            cost = fresh_weights(1, hidden, generator, "response_embedding")
        self.vocab = policy["head/w"].shape[1]          # the shipped vocabulary's size (fresh weights: VOCAB)
        self.actor = SequenceNet(policy, "token_embedding", True)
        self.reference = SequenceNet(policy, "token_embedding", False)
        self.reward_model = SequenceNet(reward, "response_embedding", False)
        self.cost_model = SequenceNet(cost, "response_embedding", False)
        self.reward_critic = self.reward_model.copy()
        self.cost_critic = self.cost_model.copy()
        self.kept = {name: KeptEncodings(net) for name, net in
                     (("reference", self.reference), ("reward", self.reward_model), ("cost", self.cost_model))}
        s = self.settings
        adam = lambda net, lr: torch.optim.Adam(net.parameters(), lr=lr, betas=(0.9, 0.95), eps=1e-7)
        self.optimisers = [adam(self.actor, s["actor_lr"]), adam(self.reward_critic, s["critic_lr"]),
                           adam(self.cost_critic, s["critic_lr"])]
        self.images, self.questions = self.load_prompts(args.prompts, generator)
        self.draws = np.random.default_rng(42)
        self.lam, self.integral, self.smoothed_error = s["lambda_init"], s["lambda_init"], 0.0
        self.costs = []

    @staticmethod
    def load_prompts(prefix, generator):
        if not prefix:
            count = 1600
            images = torch.rand(count, IMAGE, IMAGE, 3, generator=generator)
            ids = torch.randint(3, VOCAB, (count, QUESTION_TOKENS), generator=generator)
            lengths = torch.randint(3, QUESTION_TOKENS + 1, (count, 1), generator=generator)
            return images, torch.where(torch.arange(QUESTION_TOKENS) < lengths, ids, torch.zeros_like(ids))
        with open(prefix + ".json") as f:
            meta = json.load(f)
        count, size, tokens = meta["count"], meta["imageSize"], meta["maxQuestionTokens"]
        raw = open(prefix + ".bin", "rb").read()
        pixels = count * size * size * 3
        images = np.frombuffer(raw, np.float32, pixels).reshape(count, size, size, 3)
        questions = np.frombuffer(raw, np.int32, count * tokens, pixels * 4).reshape(count, tokens)
        return torch.from_numpy(images.copy()), torch.from_numpy(questions.astype(np.int64))

    def rollout(self):
        batch, steps = self.batch, self.steps
        indices = [int(i) for i in self.draws.choice(self.images.shape[0], batch, replace=False)]
        images, questions = self.images[indices], self.questions[indices]
        tokens, mask = np.zeros((batch, steps), np.int64), np.zeros((batch, steps), np.float32)
        ended = np.zeros(batch, bool)
        logits = []
        with torch.no_grad():
            h = self.actor.encode(images, questions)
            previous = torch.full((batch,), BOS, dtype=torch.long)
            for t in range(steps):
                h = self.actor.token_step(previous, h)
                step_logits = self.actor.head(h)
                logits.append(step_logits)
                probs = torch.softmax(step_logits, -1).numpy()                    # one readback per step
                # inverse-CDF draw per row from one seeded stream, as the engine samples in JS
                cdf = np.cumsum(probs, 1)
                drawn = np.minimum((cdf < self.draws.random((batch, 1)) * cdf[:, -1:]).sum(1), self.vocab - 1)
                drawn = np.where(ended, PAD, drawn)
                tokens[:, t], mask[:, t] = drawn, ~ended
                ended |= drawn == EOS
                previous = torch.from_numpy(drawn)
                if ended.all():
                    break
            tokens_t, mask_t = torch.from_numpy(tokens), torch.from_numpy(mask)
            done = len(logits)
            sampled = torch.cat([torch.stack(logits, 1), torch.zeros(batch, steps - done, self.vocab)], 1)
            log_probs, entropy = picked_log_probs(sampled, tokens_t)
            reference = picked_log_probs(
                self.reference.outputs(self.kept["reference"](indices, images, questions), shift_right(tokens_t)),
                tokens_t)[0]
            kl = ((log_probs - reference) * mask_t).sum(1)
            stats = torch.stack([kl.mean(), (entropy * mask_t).sum() / mask_t.sum().clamp(min=1)]).numpy()
        truncated = (~ended).astype(np.float32)
        return dict(indices=indices, images=images, questions=questions, tokens=tokens_t, mask=mask_t,
                    log_probs=log_probs, reference=reference, truncated=truncated, stats=stats)

    def score(self, r):
        with torch.no_grad():
            shifted = shift_right(r["tokens"])
            end = last_real_index(r["mask"]).unsqueeze(1)
            ends = [
                self.reward_model.outputs(self.kept["reward"](r["indices"], r["images"], r["questions"]), shifted)
                .squeeze(2).gather(1, end).squeeze(1),
                self.cost_model.outputs(self.kept["cost"](r["indices"], r["images"], r["questions"]), shifted)
                .squeeze(2).gather(1, end).squeeze(1),
            ]
            scores = torch.cat(ends).numpy()                                         # one readback
            r["reward_values"] = self.reward_critic.outputs(
                self.reward_critic.encode(r["images"], r["questions"]), shifted).squeeze(2)
            r["cost_values"] = self.cost_critic.outputs(
                self.cost_critic.encode(r["images"], r["questions"]), shifted).squeeze(2)
        penalty = self.settings["truncation_penalty"] * r["truncated"]
        r["R"], r["C"] = scores[:self.batch] - penalty, scores[self.batch:] + penalty
        self.costs = (self.costs + list(r["C"]))[-self.settings["window"]:]

    def advantages(self, r):
        s = self.settings
        with torch.no_grad():
            kl = r["log_probs"] - r["reference"]
            end = F.one_hot(last_real_index(r["mask"]), self.steps).float()
            reward_stream = torch.clamp(-s["beta"] * kl + end * torch.from_numpy(r["R"]).unsqueeze(1),
                                        -s["score_clip"], s["score_clip"]) * r["mask"]
            cost_stream = torch.clamp(s["beta"] * kl + end * torch.from_numpy(r["C"]).unsqueeze(1),
                                      -s["score_clip"], s["score_clip"]) * r["mask"]
            packed = torch.stack([reward_stream, r["reward_values"], cost_stream, r["cost_values"], r["mask"]]).numpy()
        r["reward_advantages"], r["reward_returns"] = (torch.from_numpy(x) for x in
                                                       gae(packed[0], packed[1], packed[4], s["gamma"], s["gae_lambda"]))
        r["cost_advantages"], r["cost_returns"] = (torch.from_numpy(x) for x in
                                                   gae(packed[2], packed[3], packed[4], s["gamma"], s["gae_lambda"]))
        # λ: the start-up PI controller (docs/rules.md): I += K_i·e (≥ 0), λ = clip(K_p·e + I, 0, λ_max)
        error = float(np.mean(self.costs)) - s["threshold"]
        self.integral = max(0.0, self.integral + s["ki"] * error)
        self.lam = min(max(0.0, s["kp"] * error + self.integral), s["lambda_max"])

    def update(self, r):
        s = self.settings
        mixed = (r["reward_advantages"] - self.lam * r["cost_advantages"]) / (1 + self.lam)
        parts = max(1, min(s["minibatches"], self.batch))
        nets = (self.actor, self.reward_critic, self.cost_critic)
        losses = []
        for _ in range(s["ppo_epochs"]):
            for part in range(parts):
                rows = slice(part * self.batch // parts, (part + 1) * self.batch // parts)
                images, questions, tokens, mask = (r[k][rows] for k in ("images", "questions", "tokens", "mask"))
                shifted = shift_right(tokens)
                new_log_probs = picked_log_probs(self.actor.outputs(self.actor.encode(images, questions), shifted),
                                                 tokens)[0]
                ratio = torch.exp(torch.clamp(new_log_probs - r["log_probs"][rows], -20, 20))
                advantage = mixed[rows]
                actor_loss = -masked_mean(torch.minimum(ratio * advantage,
                                                        torch.clamp(ratio, 1 - s["clip"], 1 + s["clip"]) * advantage),
                                          mask)
                step_losses = [actor_loss]
                for critic, old, returns in ((self.reward_critic, "reward_values", "reward_returns"),
                                             (self.cost_critic, "cost_values", "cost_returns")):
                    values = critic.outputs(critic.encode(images, questions), shifted).squeeze(2)
                    old_values, target = r[old][rows], r[returns][rows]
                    clipped = old_values + torch.clamp(values - old_values, -s["value_clip"], s["value_clip"])
                    step_losses.append(0.5 * masked_mean(torch.maximum((values - target) ** 2,
                                                                       (clipped - target) ** 2), mask))
                for net, optimiser, loss in zip(nets, self.optimisers, step_losses):
                    optimiser.zero_grad(set_to_none=True)
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(net.parameters(), s["max_grad_norm"])
                    optimiser.step()
                losses.append(torch.stack([loss.detach() for loss in step_losses]))
        with torch.no_grad():
            after = picked_log_probs(self.actor.outputs(self.actor.encode(r["images"], r["questions"]),
                                                        shift_right(r["tokens"])), r["tokens"])[0]
            ratio = torch.exp(torch.clamp(after - r["log_probs"], -20, 20))
            clip_fraction = (((ratio - 1).abs() > s["clip"]).float() * r["mask"]).sum() / r["mask"].sum().clamp(min=1)
            approx_kl = masked_mean(r["log_probs"] - after, r["mask"])
            return torch.cat([torch.stack(losses).mean(0), torch.stack([clip_fraction, approx_kl])]).numpy()

    def run_once(self):
        marks = [(time.perf_counter(), time.process_time())]
        r = self.rollout()
        marks.append((time.perf_counter(), time.process_time()))
        self.score(r)
        marks.append((time.perf_counter(), time.process_time()))
        self.advantages(r)
        marks.append((time.perf_counter(), time.process_time()))
        self.update(r)
        marks.append((time.perf_counter(), time.process_time()))
        row = dict(ms=(marks[4][0] - marks[0][0]) * 1e3, cpu=(marks[4][1] - marks[0][1]) * 1e3,
                   length=float(r["mask"].sum(1).mean()))
        for i, phase in enumerate(("rollout", "score", "adv", "update")):
            row[phase] = (marks[i + 1][0] - marks[i][0]) * 1e3
            row["cpu_" + phase] = (marks[i + 1][1] - marks[i][1]) * 1e3
        return row


def loaded_blas():
    """The BLAS library this process loaded (Debian's alternatives decide: reference BLAS or OpenBLAS)."""
    try:
        with open("/proc/self/maps") as f:
            names = {line.split()[-1].rsplit("/", 1)[-1] for line in f if "blas" in line}
    except OSError:
        return "unknown"
    return "openblas" if any("openblas" in name for name in names) else ",".join(sorted(names)) or "none"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=10, help="timed iterations")
    parser.add_argument("--warmup", type=int, default=60, help="iterations run before timing, as the bench does")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=64, help="other than 64: fresh weights")
    parser.add_argument("--weights", help="the project's public/weights (the shipped TF.js weights)")
    parser.add_argument("--prompts", help="prefix of the files scripts/perf/dump.ts writes (DIR/prompts)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(0)
    iteration = Iteration(args)
    rows = [iteration.run_once() for _ in range(args.warmup + args.iterations)][args.warmup:]
    result = dict(impl="pytorch", torch=torch.__version__, blas=loaded_blas(),
                  threads=torch.get_num_threads(), batch=args.batch, hidden=args.hidden,
                  shippedWeights=bool(args.weights and args.hidden == 64), warmup=args.warmup,
                  iterations=args.iterations)
    for key in ("ms", "cpu", "rollout", "score", "adv", "update", "cpu_rollout", "cpu_score", "cpu_adv", "cpu_update",
                "length"):
        result[key] = round(float(np.median([row[key] for row in rows])), 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
