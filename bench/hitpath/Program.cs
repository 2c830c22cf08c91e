using BenchmarkDotNet.Running;
using FleetTelematics.Bench.HitPath;

BenchmarkRunner.Run<HitPathBenchmarks>(args: args);
