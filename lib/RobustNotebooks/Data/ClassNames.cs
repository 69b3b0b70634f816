namespace RobustNotebooks.Data;

/// <summary>Class names of the data sets whose files do not carry them.</summary>
public static class ClassNames
{
    public static readonly IReadOnlyList<string> Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>From the Fashion-MNIST README, in label order.</summary>
    public static readonly IReadOnlyList<string> FashionMnist =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>As in CIFAR-10's batches.meta.txt; used when that file is absent.</summary>
    public static readonly IReadOnlyList<string> Cifar10 =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
}
