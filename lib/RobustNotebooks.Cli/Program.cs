using System.Reflection;
using RobustNotebooks.Cli;

var commands = typeof(ICommand).Assembly.GetTypes()
    .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (ICommand)Activator.CreateInstance(t)!)
    .OrderBy(c => c.Name)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("robustnb — adversarial-robustness experiments over libtorch\n\nverbs:");
    foreach (var c in commands) Console.WriteLine($"  {c.Name,-12} {c.Summary}");
    return args.Length == 0 ? 2 : 0;
}

var command = commands.FirstOrDefault(c => c.Name == args[0]);
if (command is null)
{
    Console.Error.WriteLine($"robustnb: unknown verb '{args[0]}'; known: {string.Join(", ", commands.Select(c => c.Name))}");
    return 2;
}

try
{
    return command.Run(args[1..]);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"robustnb {command.Name}: {e.Message}");
    return 2;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // Errors from the library already name the file, field or shape at fault; a stack trace would bury that.
    Console.Error.WriteLine($"robustnb {command.Name}: {e.GetType().Name}: {e.Message}");
    if (Environment.GetEnvironmentVariable("ROBUSTNB_TRACE") == "1") Console.Error.WriteLine(e);
    return 1;
}
