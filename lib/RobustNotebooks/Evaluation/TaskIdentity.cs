using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RobustNotebooks.Evaluation;

/// <summary>Names an evaluation's work by what it computes, not by where it sits in a plan. One task of one model
/// on one batch is fixed by the model (name, SHA-256 of its weights, the input defense in front of them), the
/// batch's sample indices, the plan's seed and the task itself (protocol, ε, composition, every attack with its
/// settings and seed). Each attack seeds its own draws (<see cref="Attacks.Attack.Seed"/>, part of the task);
/// what the evaluator seeds is the model's own randomness, a randomised defense's draws in the clean pass and in
/// the re-check of each attack's adversarials, and those seeds derive from the task's name. So a task computes
/// the same bits in any plan that holds it, whatever the other models and tasks, in any shard and on resume,
/// and a finished one can be read from another evaluation (<see cref="TaskReuse"/>) instead of run again.</summary>
public static class TaskIdentity
{
    /// <summary>The seeding recorded in every plan (<see cref="PlanInfo.Seeding"/>). Plans from before seeded a
    /// randomised model by its position in the plan: their tasks of such a model cannot be reused.</summary>
    public const string Seeding = "by-task";

    /// <summary>The task's name: SHA-256 (hex) of its canonical description.</summary>
    public static string Key(ModelInfo model, IReadOnlyList<int> batch, long seed, TaskInfo task) =>
        Hash(Describe(model, batch, seed) + "\u001f" + JsonSerializer.Serialize(task, EvaluationJson.Options));

    /// <summary>The seed set before the <paramref name="attack"/>-th attack of the task named <paramref name="key"/>
    /// (the re-check of its adversarials draws from it).</summary>
    public static long AttackSeed(string key, int attack) => SeedOf(key + "\u001f" + attack.ToString(CultureInfo.InvariantCulture));

    /// <summary>The seed set before the clean prediction of a batch (a randomised defense draws from it).</summary>
    public static long CleanSeed(ModelInfo model, IReadOnlyList<int> batch, long seed) => SeedOf("clean\u001f" + Describe(model, batch, seed));

    /// <summary>A libtorch seed (non-negative) from any text.</summary>
    public static long SeedOf(string text) => BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text))) & long.MaxValue;

    // Where the weights were read from is left out: their SHA-256 names them.
    private static string Describe(ModelInfo model, IReadOnlyList<int> batch, long seed) => string.Join('\u001f',
        model.Name, model.Sha256 ?? "", model.Defense ?? "", SampleSelection.Ranges(batch), seed.ToString(CultureInfo.InvariantCulture));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
