namespace RobustNotebooks.Data;

/// <summary>Which official part of a data set to load.</summary>
public enum DataSplit
{
    Train,
    Test,
}
