Console.WriteLine("openclaw (OpenClaw.NET)");
return 0;
