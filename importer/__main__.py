from importer.cli import console_main

console_main()
