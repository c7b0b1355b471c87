from bp.main import main

main()
