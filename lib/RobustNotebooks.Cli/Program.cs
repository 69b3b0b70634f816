using RobustNotebooks.Cli;

return RobustnbCli.Run(args);
