/**
 * AddN for the webgpu backend that works for any number of inputs. tfjs-backend-webgpu 4.22's AddN binds every input
 * as a storage buffer of one program, but the device it creates keeps WebGPU's default of 8 storage buffers per
 * shader stage (one is the output): with 8 or more inputs the pipeline is invalid and the sum is garbage, silently
 * (only the console says so). The global-norm clip sums one squared norm per variable with tf.addN (~20 of them),
 * so on webgpu every clipped update was scaled by garbage. Here the inputs are summed in groups the device can bind,
 * then the group sums (recursively): Σ x = Σ_groups (Σ_{x ∈ group} x). Fewer inputs go to the library's kernel as is.
 */
import type * as tf from '@tensorflow/tfjs';
import type { WebGpuKernelArgs } from './webgpuProgram';

type AddNKernel = (args: WebGpuKernelArgs) => tf.TensorInfo;

export function chunkedAddN(original: AddNKernel): AddNKernel {
  const sum = (args: WebGpuKernelArgs): tf.TensorInfo => {
    const tensors = args.inputs as unknown as tf.TensorInfo[];
    const most = args.backend.device.limits.maxStorageBuffersPerShaderStage - 1;
    if (tensors.length <= most) return original(args);
    const partial: tf.TensorInfo[] = [];
    for (let i = 0; i < tensors.length; i += most) {
      partial.push(original({ ...args, inputs: tensors.slice(i, i + most) as unknown as WebGpuKernelArgs['inputs'] }));
    }
    const total = sum({ ...args, inputs: partial as unknown as WebGpuKernelArgs['inputs'] });
    for (const info of partial) args.backend.disposeData(info.dataId);
    return total;
  };
  return sum;
}
