using RobustNotebooks.Nn;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Models;

/// <summary>The blocks a <see cref="StageBlockFactory"/> chose for a model's stages, as one child
/// module (state_dict keys "stage_blocks.&lt;stage&gt;...."). Models register it only when it holds a
/// block, so a plain model's state_dict is unchanged.</summary>
internal sealed class StageBlocks : Module
{
    /// <summary>The child's name, so the prefix of every state_dict key of a block.</summary>
    public const string ChildName = "stage_blocks";

    private readonly Dictionary<string, Module<Tensor, Tensor>> blocks = new();

    public StageBlocks(Module owner, StageBlockFactory? factory, IEnumerable<(string Stage, long Channels)> stages)
    {
        if (factory is null) return;
        foreach (var (stage, channels) in stages)
        {
            if (factory(stage, channels) is not { } block) continue;
            blocks[stage] = block;
            register_module(stage, block);
        }
        if (blocks.Count > 0) owner.AdoptChild(ChildName, this);
    }

    /// <summary>The stage's output after its block (the input itself, not a copy, when it has none);
    /// the stage output is freed when a block replaces it.</summary>
    public Tensor After(string stage, Tensor output)
    {
        if (!blocks.TryGetValue(stage, out var block)) return output;
        using (output) return block.call(output);
    }
}
